"""Run the web service: python -m bot.web --port 8000"""
import argparse

from dotenv import load_dotenv

from bot.web.app import create_app

parser = argparse.ArgumentParser()
parser.add_argument("--host", default="127.0.0.1")
parser.add_argument("--port", type=int, default=8000)
args = parser.parse_args()
load_dotenv()
create_app().run(host=args.host, port=args.port, access_log=False, workers=1)
